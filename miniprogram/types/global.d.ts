/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.svg';
declare module '*.scss';
declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test';
    TARO_ENV: 'weapp' | 'h5';
    /** API origin for the mini-program build (https in production); H5 defaults to its own origin. */
    TARO_APP_API_BASE?: string;
    /** H5: official-account appid and OAuth authorize URL when the server does not inject them. */
    TARO_APP_OA_APPID?: string;
    TARO_APP_OAUTH_AUTHORIZE_URL?: string;
  }
}
